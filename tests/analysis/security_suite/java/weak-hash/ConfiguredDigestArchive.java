// cc-suite: cwe=328 safe
// The fallback is weak, but the project's settings file sets this key to SHA-256, so the
// fallback is never used.
package suite.digest;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Properties;

public class ConfiguredDigestArchive {
    byte[] checksum(byte[] archive) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("digest-settings.properties")) {
            settings.load(in);
        }
        String algorithm = settings.getProperty("suite.digest.archiveChecksum", "MD5");
        MessageDigest md = MessageDigest.getInstance(algorithm);
        return md.digest(archive);
    }
}
