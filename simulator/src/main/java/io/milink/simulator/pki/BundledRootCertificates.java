package io.milink.simulator.pki;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The real public Azure root certificates the twins ship (see {@code pki/README.md} beside the files for their
 * source): what a scenario's {@code bundled:} certificate names refer to.
 */
public final class BundledRootCertificates {

    public static final String DIGICERT_GLOBAL_ROOT_G2 = "digicert-global-root-g2";
    public static final String MICROSOFT_RSA_ROOT_2017 = "microsoft-rsa-root-2017";

    private static final Map<String, X509Certificate> ROOTS = load();

    private BundledRootCertificates() {
    }

    public static Set<String> names() {
        return ROOTS.keySet();
    }

    /**
     * @throws IllegalArgumentException naming the bundled certificates when {@code name} is not one of them
     */
    public static X509Certificate get(String name) {
        X509Certificate cert = ROOTS.get(name);
        if (cert == null) {
            throw new IllegalArgumentException("no bundled certificate named '" + name + "'; bundled: " + names());
        }
        return cert;
    }

    private static Map<String, X509Certificate> load() {
        Map<String, X509Certificate> roots = new TreeMap<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String name : new String[] {DIGICERT_GLOBAL_ROOT_G2, MICROSOFT_RSA_ROOT_2017}) {
                try (InputStream in = BundledRootCertificates.class.getResourceAsStream(name + ".pem")) {
                    if (in == null) {
                        throw new IllegalStateException("bundled certificate resource missing: " + name + ".pem");
                    }
                    roots.put(name, (X509Certificate) factory.generateCertificate(in));
                }
            }
        } catch (CertificateException | IOException e) {
            throw new IllegalStateException("cannot read the bundled root certificates", e);
        }
        return Map.copyOf(roots);
    }
}
