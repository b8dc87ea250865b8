package io.milink.simulator.engine;

import java.util.List;

/** A login the instance refused, with the messages SQL Server sends for it (e.g. 4060 then 18456). */
public final class LoginFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ServerMessage> messages;

    public LoginFailedException(List<ServerMessage> messages) {
        super(messages.isEmpty() ? "login failed" : messages.get(messages.size() - 1).text());
        this.messages = List.copyOf(messages);
    }

    public List<ServerMessage> messages() {
        return messages;
    }
}
