// cc-suite: cwe=327 safe
// The JCE spells plain RSA "RSA/ECB/...": one block per call, so there is no ECB chaining to leak
// patterns; the session key itself is AES-GCM.
package suite.cipher;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.PublicKey;

public class RsaWrapsSessionKey {
    byte[] wrap(PublicKey recipient) throws Exception {
        SecretKey session = KeyGenerator.getInstance("AES").generateKey();
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        rsa.init(Cipher.WRAP_MODE, recipient);
        return rsa.wrap(session);
    }

    Cipher bulk() throws Exception {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }
}
