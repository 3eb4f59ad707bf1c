/** Partner systems (hospitals, departments, insurance offices, operators): who they are, their hashed secrets, their scopes. */
package org.onestop.gateway.partner;
