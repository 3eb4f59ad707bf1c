/** Dead letters: the one sender, the one container error handler, the pluggable reason mapping. */
package org.onestop.messaging.deadletter;
