// cc-suite: cwe=327 real
// A block cipher in ECB mode encrypts equal blocks to equal ciphertext.
package suite.cipher;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

public class AesEcbSessionData {
    byte[] seal(byte[] data) throws Exception {
        SecretKey key = KeyGenerator.getInstance("AES").generateKey();
        Cipher c = Cipher.getInstance("AES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(data);
    }
}
