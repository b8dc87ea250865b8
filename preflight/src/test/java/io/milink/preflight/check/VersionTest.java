package io.milink.preflight.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void comparesEachPartNumericallyNotAsText() {
        assertThat(Version.parse("15.0.4312.2")).isGreaterThan(Version.parse("15.0.4298.1"));
        assertThat(Version.parse("14.0.3490.10")).isGreaterThan(Version.parse("14.0.3490.9"));
        assertThat(Version.parse("16.0.1000.6").isAtLeast(Version.parse("16.0.1000.6"))).isTrue();
    }

    @Test
    void acceptsShortFormsAndRejectsTextThatIsNotAVersion() {
        assertThat(Version.parse("16.0")).isEqualTo(new Version(16, 0, 0, 0));
        assertThatThrownBy(() -> Version.parse("sixteen")).hasMessageContaining("15.0.4312.2");
        assertThatThrownBy(() -> Version.parse("1.2.3.4.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBundledMinimumsMatchTheDocumentedBuilds() {
        MinimumBuilds minimums = MinimumBuilds.bundled();
        assertThat(minimums.forMajor(13).orElseThrow().minimumBuild()).isEqualTo(Version.parse("13.0.7000.253"));
        assertThat(minimums.forMajor(14).orElseThrow().minimumBuild()).isEqualTo(Version.parse("14.0.3490.10"));
        assertThat(minimums.forMajor(15).orElseThrow().minimumBuild()).isEqualTo(Version.parse("15.0.4312.2"));
        assertThat(minimums.forMajor(16).orElseThrow().minimumBuild()).isEqualTo(Version.parse("16.0.1000.6"));
        assertThat(minimums.forMajor(17).orElseThrow().minimumBuild()).isEqualTo(Version.parse("17.0.1000.7"));
        assertThat(minimums.forMajor(12)).isEmpty();
        assertThat(minimums.forMajor(13).orElseThrow().platforms()).containsExactly("Windows");
    }
}
