/** The suite's event contracts: topic names with their key and value types, CloudEvents header names, identity codes and typed ids. */
package org.onestop.events;
