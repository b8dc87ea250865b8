package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.LoginFailedException;
import io.milink.simulator.engine.LoginRequest;
import io.milink.simulator.engine.ServerMessage;

class LoginTest {

    private SqlServerInstance instance;

    @BeforeEach
    void start() {
        instance = TwinFixture.instance("sql2019.yaml");
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void wrongPasswordIs18456Severity14State1() {
        assertThatThrownBy(() -> instance.login(new LoginRequest("sa", "wrong", "", "app", "host", 4096)))
                .isInstanceOfSatisfying(LoginFailedException.class, e -> assertThat(e.messages())
                        .containsExactly(new ServerMessage(18456, 1, 14, "Login failed for user 'sa'.", "", 1)));
    }

    @Test
    void unknownUserIs18456() {
        assertThatThrownBy(() -> instance.login(new LoginRequest("ghost", "x", "", "app", "host", 4096)))
                .isInstanceOfSatisfying(LoginFailedException.class, e ->
                        assertThat(e.messages()).extracting(ServerMessage::text).containsExactly("Login failed for user 'ghost'."));
    }

    @Test
    void unknownDatabaseIs4060Then18456() {
        assertThatThrownBy(() -> instance.login(new LoginRequest("sa", TwinFixture.SA_PASSWORD, "Nope", "a", "h", 4096)))
                .isInstanceOfSatisfying(LoginFailedException.class, e -> {
                    assertThat(e.messages()).extracting(ServerMessage::number).containsExactly(4060, 18456);
                    assertThat(e.messages().get(0).text())
                            .isEqualTo("Cannot open database \"Nope\" requested by the login. The login failed.");
                });
    }

    @Test
    void loginStartsInRequestedDatabaseOrMaster() {
        assertThat(TwinFixture.login(instance, "sa", TwinFixture.SA_PASSWORD, "sales").database()).isEqualTo("Sales");
        assertThat(TwinFixture.login(instance, "SA", TwinFixture.SA_PASSWORD, "").database()).isEqualTo("master");
    }

    @Test
    void identityReportsVersionCollationAndName() {
        assertThat(instance.identity().productVersion()).isEqualTo("15.0.4312.2");
        assertThat(instance.identity().serverName()).isEqualTo("SQL01");
        assertThat(instance.identity().collation()).isEqualTo("SQL_Latin1_General_CP1_CI_AS");
    }

    @Test
    void nonSysadminIsNotSysadminAndGetsPermissionErrors() {
        var reader = TwinFixture.login(instance, "reader", "Read3r!Passw0rd", "");
        assertThat(TwinFixture.run(reader, "SELECT IS_SRVROLEMEMBER('sysadmin')").scalar()).isEqualTo(0);
        assertThat(TwinFixture.run(reader, "CREATE CERTIFICATE c WITH SUBJECT = 'c'").errors())
                .extracting(ServerMessage::number).containsExactly(15247);
        assertThat(TwinFixture.run(reader, "CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'P@ssw0rd!23'").errors())
                .extracting(ServerMessage::number).containsExactly(15247);
        assertThat(TwinFixture.run(reader, "ALTER DATABASE Sales SET RECOVERY SIMPLE").errors())
                .extracting(ServerMessage::number).containsExactly(5011, 5069);
        assertThat(TwinFixture.run(reader, "BACKUP DATABASE Sales TO DISK = 'x.bak'").errors())
                .extracting(ServerMessage::text).containsExactly(
                        "BACKUP DATABASE permission denied in database 'Sales'.", "BACKUP DATABASE is terminating abnormally.");
        assertThat(TwinFixture.run(reader, "DBCC TRACEON(1800, -1)").errors()).extracting(ServerMessage::text)
                .containsExactly("User 'reader' does not have permission to run DBCC TRACEON.");
    }
}
