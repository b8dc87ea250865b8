package io.milink.api.service.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The segment found without splitting is the one vertx-openapi's extractor finds by splitting, whenever it gives one;
 * otherwise the extractor is left to decide.
 */
class PathSegmentsTest {

    /** What vertx-openapi's RequestUtils.extractPathParameters reads, before decoding; null for its EMPTY. */
    private static String bySplitting(String path, int segment) {
        String[] segments = path.substring(1).split("/");
        return segments.length < segment ? null : segments[segment - 1];
    }

    @Test
    void theUsualPathsGiveTheirSegment() {
        assertThat(PathSegments.plain("/v1/links/DAG_Sales", 3)).isEqualTo("DAG_Sales");
        assertThat(PathSegments.plain("/v1/links/sales-link.2/plan", 3)).isEqualTo("sales-link.2");
        assertThat(PathSegments.plain("/v1/operations/0b5e", 3)).isEqualTo("0b5e");
        assertThat(PathSegments.plain("/v1/links/DAG_Sales", 2)).isEqualTo("links");
    }

    @Test
    void missingEmptyOrEncodedSegmentsAreLeftToTheExtractor() {
        for (String path : List.of("/v1/links", "/v1/links/", "/v1/links//plan", "/v1/links/a%20b", "/v1/links/a+b",
                "", "/")) {
            assertThat(PathSegments.plain(path, 3)).as(path).isNull();
        }
        assertThat(PathSegments.plain("/v1/links/x", 0)).isNull();
    }

    @Test
    void whereverItGivesASegmentItIsTheOneSplittingGives() {
        Random random = new Random(20261207);
        String alphabet = "ab/_.-%+";
        int given = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder("/");
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int segment = 1 + random.nextInt(4);
            String plain = PathSegments.plain(path.toString(), segment);
            if (plain != null) {
                given++;
                assertThat(plain).as(path + " segment " + segment).isEqualTo(bySplitting(path.toString(), segment))
                        .doesNotContain("%", "+", "/").isNotEmpty();
            }
        }
        assertThat(given).as("paths with a plain segment among the random ones").isGreaterThan(2_000);
    }
}
