// cc-suite: cwe=328 real
// The fallback looks strong, but the project's settings file configures MD5 for this key.
package suite.digest;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Properties;

public class ConfiguredDigestLegacy {
    byte[] fingerprint(byte[] password) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("digest-settings.properties")) {
            settings.load(in);
        }
        String algorithm = settings.getProperty("suite.digest.legacyFingerprint", "SHA-512");
        MessageDigest md = MessageDigest.getInstance(algorithm);
        return md.digest(password);
    }
}
