// cc-suite: cwe=328 real
// "SHA" with no digits is the JDK's alias for SHA-1.
package suite.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

public class ShaAliasToken {
    byte[] tokenDigest(String token) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA");
        return md.digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
