// cc-suite: cwe=328 safe
// A member of the SHA-2 family spelled out in full.
package suite.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

public class ShaAliasTokenSafe {
    byte[] tokenDigest(String token) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-384");
        return md.digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
