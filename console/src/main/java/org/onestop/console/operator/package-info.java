/** The operator's status page: what the gateway lets an operator credential see. */
package org.onestop.console.operator;
