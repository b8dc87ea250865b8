package io.milink.simulator.engine;

/**
 * What a client's LOGIN7 asked for. The password is held only for the duration of the login check.
 *
 * @param userName    SQL login name
 * @param password    the decoded password; never logged
 * @param database    the initial database requested, or empty for the login's default
 * @param appName     the client's application name
 * @param hostName    the client's workstation name
 * @param packetSize  the requested packet size
 */
public record LoginRequest(String userName, String password, String database, String appName, String hostName,
                           int packetSize) {
    @Override
    public String toString() {
        return "LoginRequest[userName=" + userName + ", database=" + database + ", appName=" + appName
                + ", hostName=" + hostName + ", packetSize=" + packetSize + "]";
    }
}
