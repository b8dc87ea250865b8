package io.milink.netprobe;

import static io.milink.netprobe.NetAssessment.Outcome.ERROR;
import static io.milink.netprobe.NetAssessment.Outcome.FAIL;
import static io.milink.netprobe.NetAssessment.Outcome.PASS;
import static io.milink.netprobe.NetAssessment.Outcome.SKIP;
import static io.milink.netprobe.NetAssessment.Outcome.WARN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure functions preflight calls: saved results in, verdicts out. No network. */
class NetAssessmentsTest {

    private static final Optional<Cidr> MI_SUBNET = Optional.of(Cidr.parse("10.0.1.0/24"));

    private static ProbeReport sweep(ProbeVerdict mirroring, ProbeVerdict redirect, int redirectPorts) {
        List<PortResult> ports = new ArrayList<>();
        ports.add(new PortResult(5022, mirroring, 1.2));
        for (int p = 11000; p < 11000 + redirectPorts; p++) {
            ports.add(new PortResult(p, redirect, redirect == ProbeVerdict.FILTERED ? 3000 : 1));
        }
        return report(ports);
    }

    private static ProbeReport report(List<PortResult> ports) {
        SweepFacts facts = new SweepFacts("10.0.1.4", List.of(new ResolvedAddress("10.0.1.4",
                AddressScope.PRIVATE)), 3000, 100, 3010, false, List.of());
        return new ProbeReport("mi1.abc.database.windows.net", List.of("10.0.1.4"), ports,
                ProbeSummary.of(ports).withSweep(facts));
    }

    @Test
    void mirroringOpenFromTheSqlServerHostPassesWithEvidenceAndTheUcsCaveat() {
        NetAssessment a = NetAssessments.mirroring(sweep(ProbeVerdict.OPEN, ProbeVerdict.OPEN, 1000), true);
        assertThat(a.checkId()).isEqualTo("net.mirroring");
        assertThat(a.outcome()).isEqualTo(PASS);
        assertThat(a.evidence()).contains("10.0.1.4").contains("5022: open").contains("1.2 ms")
                .contains("from the SQL Server host").contains("inspects packets");
        assertThat(a.remedy()).isNull();
    }

    @Test
    void fromAnotherHostTheVerdictIsOnlyAWarningEitherWay() {
        assertThat(NetAssessments.mirroring(sweep(ProbeVerdict.OPEN, ProbeVerdict.OPEN, 1), false).outcome())
                .isEqualTo(WARN);
        NetAssessment blocked = NetAssessments.mirroring(sweep(ProbeVerdict.FILTERED, ProbeVerdict.OPEN, 1), false);
        assertThat(blocked.outcome()).isEqualTo(WARN);
        assertThat(blocked.evidence()).contains("not the SQL Server host");
    }

    @Test
    void aFilteredRedirectRangeFailsAndSaysWhichRuleToAdd() {
        NetAssessment a = NetAssessments.redirect(sweep(ProbeVerdict.OPEN, ProbeVerdict.FILTERED, 1000), true);
        assertThat(a.checkId()).isEqualTo("net.redirect");
        assertThat(a.outcome()).isEqualTo(FAIL);
        assertThat(a.evidence()).contains("11000–11999: 1,000 filtered").contains("3000.0 ms");
        assertThat(a.remedy()).contains("allow TCP 11000-11999 to 10.0.1.4").contains("NSG");
    }

    @Test
    void aPartlyProbedRedirectRangeIsNotAPass() {
        NetAssessment a = NetAssessments.redirect(sweep(ProbeVerdict.OPEN, ProbeVerdict.OPEN, 3), true);
        assertThat(a.outcome()).isEqualTo(WARN);
        assertThat(a.evidence()).contains("only 3 of the 1,000");
        assertThat(NetAssessments.redirect(report(List.of(new PortResult(5022, ProbeVerdict.OPEN, 1))), true)
                .outcome()).isEqualTo(SKIP);
    }

    @Test
    void anUnresolvedNameIsAnErrorNotAFailure() {
        ProbeReport unresolved = new ProbeReport("mi.invalid", List.of(), List.of(new PortResult(5022,
                ProbeVerdict.UNRESOLVED, 0)), ProbeSummary.of(List.of(new PortResult(5022, ProbeVerdict.UNRESOLVED,
                0))));
        assertThat(NetAssessments.mirroring(unresolved, true).outcome()).isEqualTo(ERROR);
    }

    @Test
    void dnsFailsOnAPublicAddressWarnsOutsideTheSubnetAndPassesInside() {
        assertThat(NetAssessments.dns(DnsFacts.resolved("mi", List.of(new ResolvedAddress("20.38.1.1",
                AddressScope.PUBLIC))), MI_SUBNET).outcome()).isEqualTo(FAIL);
        assertThat(NetAssessments.dns(DnsFacts.resolved("mi", List.of(new ResolvedAddress("10.0.9.4",
                AddressScope.PRIVATE))), MI_SUBNET).outcome()).isEqualTo(WARN);
        NetAssessment pass = NetAssessments.dns(DnsFacts.resolved("mi", List.of(new ResolvedAddress("10.0.1.4",
                AddressScope.PRIVATE))), MI_SUBNET);
        assertThat(pass.outcome()).isEqualTo(PASS);
        assertThat(pass.evidence()).isEqualTo("'mi' resolves to 10.0.1.4 (private)");
        assertThat(NetAssessments.dns(DnsFacts.unresolved("mi", "no such host"), Optional.empty()).outcome())
                .isEqualTo(FAIL);
    }

    @Test
    void anOpenEndpointPortPassesOnlyWhenSysTcpEndpointsSaysTheEndpointIsStarted() {
        ProbeReport local = report(List.of(new PortResult(5022, ProbeVerdict.OPEN, 0.3)));
        assertThat(NetAssessments.endpointListening(local, 5022, "STARTED").outcome()).isEqualTo(PASS);
        NetAssessment impostor = NetAssessments.endpointListening(local, 5022, "STOPPED");
        assertThat(impostor.outcome()).isEqualTo(FAIL);
        assertThat(impostor.evidence()).contains("another process answers on 5022");
        assertThat(NetAssessments.endpointListening(local, null, null).outcome()).isEqualTo(SKIP);
        ProbeReport refused = report(List.of(new PortResult(5022, ProbeVerdict.CLOSED, 0.3)));
        assertThat(NetAssessments.endpointListening(refused, 5022, "STARTED").remedy()).contains("error log");
        ProbeReport dropped = report(List.of(new PortResult(5022, ProbeVerdict.FILTERED, 3000)));
        assertThat(NetAssessments.endpointListening(dropped, 5022, "STARTED").remedy())
                .contains("New-NetFirewallRule");
    }

    private static final String PREPARE_PAGE =
            "https://learn.microsoft.com/azure/azure-sql/managed-instance/managed-instance-link-preparation";
    private static final String TROUBLESHOOT_PAGE =
            "https://learn.microsoft.com/azure/azure-sql/managed-instance/managed-instance-link-troubleshoot-how-to";

    /** Users cannot open milink's internal reference; findings point them to the public Learn pages. */
    @Test
    void adviceCitesThePublicMicrosoftLearnPagesNotAnInternalReference() {
        NetAssessment overlap = NetAssessments.dns(MI_DNS, Optional.of(Cidr.parse("10.0.0.0/16")),
                resolved("sql01", "10.0.7.20", AddressScope.PRIVATE), Optional.of(Cidr.parse("10.0.7.0/24")));
        assertThat(overlap.remedy()).contains("must not overlap (see " + PREPARE_PAGE + "): re-address one of them");
        NetAssessment publicSql = NetAssessments.dns(MI_DNS, MI_SUBNET, resolved("sql01", "20.1.2.3",
                AddressScope.PUBLIC), Optional.empty());
        assertThat(publicSql.evidence()).endsWith("ExpressRoute or peering (see " + PREPARE_PAGE + ")");
        ProbeReport stopped = report(List.of(new PortResult(5022, ProbeVerdict.CLOSED, 0.3)));
        assertThat(NetAssessments.endpointListening(stopped, 5022, "STOPPED").remedy())
                .endsWith("(see " + TROUBLESHOOT_PAGE + ")");
        assertThat(FirewallAdvice.forGroup(new PortGroup(11000, 11999, ProbeVerdict.FILTERED, 1000), "10.0.1.4"))
                .endsWith("from the SQL Server address(es) (see " + PREPARE_PAGE + ")");
        assertThat(FirewallAdvice.forGroup(new PortGroup(5022, 5022, ProbeVerdict.UNREACHABLE, 1), "10.0.1.4"))
                .endsWith("route tables (see " + PREPARE_PAGE + ")");
        for (NetAssessment a : List.of(overlap, publicSql)) {
            assertThat(a.evidence() + a.remedy()).doesNotContain("reference §");
        }
    }

    @Test
    void inboundPassesOnAConnectionFromTheMiSubnetOnly() {
        Instant now = Instant.parse("2026-11-22T15:00:00Z");
        ListenReport fromMi = new ListenReport("0.0.0.0", 5022, Duration.ofSeconds(60), List.of(
                new InboundConnection("10.0.1.7", 50000, now, AddressScope.PRIVATE)), false);
        assertThat(NetAssessments.inbound(fromMi, MI_SUBNET).outcome()).isEqualTo(PASS);
        ListenReport fromElsewhere = new ListenReport("0.0.0.0", 5022, Duration.ofSeconds(60), List.of(
                new InboundConnection("192.168.5.5", 50000, now, AddressScope.PRIVATE)), false);
        NetAssessment other = NetAssessments.inbound(fromElsewhere, MI_SUBNET);
        assertThat(other.outcome()).isEqualTo(WARN);
        assertThat(other.evidence()).contains("only from outside").contains("192.168.5.5");
        ListenReport quiet = new ListenReport("0.0.0.0", 5022, Duration.ofSeconds(60), List.of(), false);
        assertThat(NetAssessments.inbound(quiet, Optional.empty()).evidence()).contains("nobody connected");
        assertThat(NetAssessments.inbound(null, Optional.empty()).outcome()).isEqualTo(SKIP);
    }

    private static DnsFacts resolved(String host, String address, AddressScope scope) {
        return DnsFacts.resolved(host, List.of(new ResolvedAddress(address, scope)));
    }

    private static final DnsFacts MI_DNS = resolved("mi1.abc.database.windows.net", "10.0.1.4",
            AddressScope.PRIVATE);

    @Test
    void dnsCoversSqlServersNameTooAndPassesWhenBothArePrivateAndApart() {
        NetAssessment a = NetAssessments.dns(MI_DNS, MI_SUBNET, resolved("sql01.corp.example", "192.168.5.10",
                AddressScope.PRIVATE), Optional.of(Cidr.parse("192.168.5.0/24")));
        assertThat(a.outcome()).isEqualTo(PASS);
        assertThat(a.evidence()).contains("'mi1.abc.database.windows.net' resolves to 10.0.1.4")
                .contains("SQL Server: 'sql01.corp.example' resolves to 192.168.5.10 (private)");
    }

    @Test
    void aSqlServerNetworkOverlappingTheMiSubnetFailsNamingBothRanges() {
        NetAssessment a = NetAssessments.dns(MI_DNS, Optional.of(Cidr.parse("10.0.0.0/16")),
                resolved("sql01", "10.0.7.20", AddressScope.PRIVATE), Optional.of(Cidr.parse("10.0.7.0/24")));
        assertThat(a.outcome()).isEqualTo(FAIL);
        assertThat(a.evidence()).contains("10.0.7.0/24 overlaps the managed instance subnet 10.0.0.0/16");
        assertThat(a.remedy()).contains("must not overlap");
        // apart: the same SQL Server next to a /24 MI subnet that does not contain it
        assertThat(NetAssessments.dns(MI_DNS, MI_SUBNET, resolved("sql01", "10.0.7.20", AddressScope.PRIVATE),
                Optional.of(Cidr.parse("10.0.7.0/24"))).outcome()).isEqualTo(PASS);
    }

    @Test
    void aLoopbackOrPublicSqlServerNameWarnsAndAnUnresolvableOneToo() {
        NetAssessment loopback = NetAssessments.dns(MI_DNS, MI_SUBNET, resolved("localhost", "127.0.0.1",
                AddressScope.LOOPBACK), Optional.of(Cidr.parse("127.0.0.1/32")));
        assertThat(loopback.outcome()).isEqualTo(WARN);
        assertThat(loopback.evidence()).contains("loopback address, which the managed instance cannot reach");
        assertThat(NetAssessments.dns(MI_DNS, MI_SUBNET, resolved("sql.example.com", "203.0.113.9",
                AddressScope.PUBLIC), Optional.empty()).outcome()).isEqualTo(WARN);
        assertThat(NetAssessments.dns(MI_DNS, MI_SUBNET, DnsFacts.unresolved("sql.invalid", "unknown"),
                Optional.empty()).outcome()).isEqualTo(WARN);
    }

    @Test
    void theWorseOfTheTwoNamesWins() {
        NetAssessment publicMi = NetAssessments.dns(resolved("mi1.public.abc.database.windows.net", "20.1.2.3",
                AddressScope.PUBLIC), MI_SUBNET, resolved("localhost", "127.0.0.1", AddressScope.LOOPBACK),
                Optional.empty());
        assertThat(publicMi.outcome()).isEqualTo(FAIL);
        assertThat(publicMi.remedy()).contains("VNet-local").contains("SQL Server's network name");
    }

    @Test
    void aSavedListenSessionReadsBackAndDrivesNetInbound() {
        ListenReport session = new ListenReport("0.0.0.0", 5022, Duration.ofSeconds(60), List.of(
                new InboundConnection("10.0.1.9", 50123, Instant.parse("2026-11-29T04:00:00Z"),
                        AddressScope.PRIVATE)), false);
        String json = ListenJson.write(session);
        assertThat(json).contains("\"address\" : \"10.0.1.9\"").contains("2026-11-29T04:00:00Z");
        ListenReport back = ListenJson.read(json);
        assertThat(back).isEqualTo(session);
        assertThat(NetAssessments.inbound(back, MI_SUBNET).outcome()).isEqualTo(PASS);
        assertThat(NetAssessments.inbound(back, Optional.of(Cidr.parse("10.9.0.0/16"))).outcome()).isEqualTo(WARN);
    }

    @Test
    void somethingThatIsNotAListenSessionIsRefusedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListenJson.read("{\"host\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listen result");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListenJson.read("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listen result");
    }

    /** Missing parts reach ListenReport's constructor as nulls; the user still gets one line that says what is due. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"host\": \"x\"}", "{\"port\": 5022, \"listenedFor\": 60}",
        "{\"port\": 5022, \"listenedFor\": 60, \"connections\": [null]}", "{\"port\": 5022, \"connections\": []}",
        "null"})
    void anIncompleteListenFileGetsOneLineNamingWhatItNeeds(String json) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListenJson.read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a complete milink netprobe listen result (it needs port, listenedFor and "
                        + "connections)");
    }
}
