/** Persons and their identity periods: the person reference, the as-of view settlement asks for. */
package org.onestop.identity.person;
