/**
 * The operator's status of one service, answered by the service about itself (docs/runbook.md › Operator status):
 * its consumer groups' lag, its dead-letter topics' counts and latest reasons, its outbox backlog, the replicas its
 * groups know and the answering replica's own checks. Reads only what the service owns; never a record's payload.
 */
package org.onestop.messaging.operations;
