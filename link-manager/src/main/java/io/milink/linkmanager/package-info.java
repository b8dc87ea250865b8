/**
 * milink's link-manager module; see ../shared/design/ARCHITECTURE.md for its role. Its content lands with the issues that
 * build it.
 */
package io.milink.linkmanager;
