/** Certificates for the twins: issuing (Bouncy Castle) and the bundled public Azure root CAs. */
package io.milink.simulator.pki;
