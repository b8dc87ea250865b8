package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every format milink writes reads back to the same bytes, for any certificate, however it is pasted. */
class CertificateFormatPropertyTest {

    @Property(tries = 60)
    void everyFormatRoundTripsToTheSameDer(@ForAll("certificates") DerCertificate certificate,
                                           @ForAll CertificateFormat format) {
        DerCertificate back = CertificateReader.read(format.encode(certificate));
        assertThat(back).isEqualTo(certificate);
        assertThat(back.thumbprint()).isEqualTo(certificate.thumbprint());
    }

    @Property(tries = 60)
    void hexFormsSurviveCaseChangesAndWhitespaceAnywhere(@ForAll("certificates") DerCertificate certificate,
                                                         @ForAll boolean lowerCase,
                                                         @ForAll("whitespaceEvery") int every) {
        String hex = CertificateFormat.SQL_SERVER_HEX.encode(certificate).substring(2);
        String digits = lowerCase ? hex.toLowerCase(Locale.ROOT) : hex;
        StringBuilder pasted = new StringBuilder("0x");
        for (int i = 0; i < digits.length(); i++) {
            pasted.append(digits.charAt(i));
            if (i % every == every - 1) {
                pasted.append(i % 2 == 0 ? "\r\n" : " \t");
            }
        }
        assertThat(CertificateReader.read(pasted.toString())).isEqualTo(certificate);
    }

    @Property(tries = 30)
    void derBytesRoundTrip(@ForAll("certificates") DerCertificate certificate) {
        assertThat(CertificateReader.read(certificate.der())).isEqualTo(certificate);
    }

    @Provide
    Arbitrary<Integer> whitespaceEvery() {
        return Arbitraries.integers().between(1, 200);
    }

    @Provide
    Arbitrary<DerCertificate> certificates() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(' ', '-', '.')
                .ofMinLength(1).ofMaxLength(60).map(String::strip).filter(s -> !s.isEmpty());
        Arbitrary<Long> startDays = Arbitraries.longs().between(-5000, 5000);
        Arbitrary<Long> lengthDays = Arbitraries.longs().between(1, 20000);
        Arbitrary<Boolean> ca = Arbitraries.of(true, false);
        return Combinators.combine(names, startDays, lengthDays, ca).as((cn, start, length, isCa) -> {
            Instant notBefore = TestPki.NOW.plus(start, ChronoUnit.DAYS);
            Instant notAfter = notBefore.plus(length, ChronoUnit.DAYS);
            return isCa
                    ? TestPki.root(cn, TestPki.sharedEc(), notBefore, notAfter).certificate()
                    : TestPki.selfSigned(cn, TestPki.sharedEc(), notBefore, notAfter).certificate();
        });
    }
}
