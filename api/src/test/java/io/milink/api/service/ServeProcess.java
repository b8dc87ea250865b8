package io.milink.api.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code milink serve} started as a process of its own, as a user starts it (so SIGKILL is a real kill), read until
 * a given line of its output: its process, where it listens, what it printed so far, and the rest of its output.
 */
record ServeProcess(Process process, String baseUrl, List<String> output, BufferedReader rest) {

    private static final Pattern LISTENING = Pattern.compile("listening on (https://127\\.0\\.0\\.1:\\d+)");

    /**
     * @param serveArguments what follows {@code milink serve}
     * @param stderr         where its log goes (a file, read into the failure message), or null to discard it
     * @param last           the line to read up to
     * @throws AssertionError when it ends, or prints no listening address, before {@code last}
     */
    static ServeProcess start(List<String> serveArguments, Path stderr, Predicate<String> last) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "serve"));
        command.addAll(serveArguments);
        Process process = new ProcessBuilder(command).redirectError(stderr == null
                ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stderr.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> output = new ArrayList<>();
        String baseUrl = null;
        boolean reached = false;
        for (String line; (line = out.readLine()) != null; ) {
            output.add(line);
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                // By name: the generated certificate is issued for localhost, and verification stays on.
                baseUrl = listening.group(1).replace("127.0.0.1", "localhost");
            }
            if (last.test(line)) {
                reached = true;
                break;
            }
        }
        if (baseUrl == null || !reached) {
            throw new AssertionError("milink serve did not start as expected:\n" + String.join("\n", output)
                    + (stderr == null ? "" : "\n" + Files.readString(stderr)));
        }
        return new ServeProcess(process, baseUrl, output, out);
    }

    /**
     * Reads the rest of the output on a daemon thread of its own, so the process never blocks on a full pipe; for a
     * caller that has read what it needed.
     */
    ServeProcess drainRest(String threadName) {
        Thread drain = new Thread(() -> {
            try {
                while (rest.readLine() != null) {
                    // nothing: only kept from filling up
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, threadName);
        drain.setDaemon(true);
        drain.start();
        return this;
    }

    /** A TLS context that trusts the certificate {@code milink serve} generated and wrote to {@code pem}, and no other. */
    static javax.net.ssl.SSLContext trusting(Path pem) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        try (java.io.InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("milink-serve", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
