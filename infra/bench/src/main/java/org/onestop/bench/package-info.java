/** Load drivers and same-server ceilings that infra/scripts/bench.sh runs against a running suite (issue 17). */
package org.onestop.bench;
