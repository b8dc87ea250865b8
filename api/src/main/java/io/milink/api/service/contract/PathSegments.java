package io.milink.api.service.contract;

/**
 * One segment of a request path, found without splitting the whole path: what vertx-openapi's request extractor
 * reads for a path parameter ({@code path.substring(1).split("/")[segment - 1]}, then URL-decoded), for the usual
 * case where that is the segment as it stands.
 */
final class PathSegments {

    private PathSegments() {
    }

    /**
     * @param segment the parameter's segment, counted from 1 after the path's first character, as
     *                {@code RequestUtils.findPathSegment} counts it in the template
     * @return the segment, or null when it is missing or empty, or when decoding could change it ({@code %} or
     *         {@code +}): the extractor then decides, as it always has
     */
    static String plain(String path, int segment) {
        if (path == null || path.isEmpty() || segment < 1) {
            return null;
        }
        int start = 1;
        for (int skipped = 1; skipped < segment; skipped++) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
        int end = path.indexOf('/', start);
        if (end < 0) {
            end = path.length();
        }
        if (end == start) {
            return null;
        }
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '+') {
                return null;
            }
        }
        return path.substring(start, end);
    }
}
