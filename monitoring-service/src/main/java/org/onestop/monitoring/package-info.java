/** Early warning of poverty caused by illness: burdens from settlements, lines from the policy files, warnings to departments. */
package org.onestop.monitoring;
