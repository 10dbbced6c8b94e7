package dev.sagastack.local.twin.cloudformation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names and ids as CloudFormation generates them for resources whose template gives none: the stack name and
 * logical id, shortened to the service's limit, plus a random-looking suffix
 * ({@code Sagastack-dev-Stateless-FunctionsHttpApi2745A7C7-Ab3dE5g7H9jK}; CloudFormation User Guide, "Name type").
 * Here the suffix is derived from the stack and logical id, so the same assembly always gets the same names.
 */
public final class PhysicalNames {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String PARTITION = "aws";
    public static final String URL_SUFFIX = "amazonaws.com";

    private static final String MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    private PhysicalNames() {
    }

    /** {@code <stack>-<logicalId>-<suffix>} within {@code maxLength}, the stack and logical id shortened to fit. */
    public static String stackScoped(String stack, String logicalId, int maxLength, int suffixLength, boolean upperCase) {
        return scoped(stack + "-" + logicalId, stack + "/" + logicalId, maxLength, suffixLength,
                upperCase ? UPPER : MIXED);
    }

    /** {@code <logicalId>-<suffix>} (state machines, secrets). */
    public static String logicalScoped(String stack, String logicalId, int maxLength, int suffixLength) {
        return scoped(logicalId, stack + "/" + logicalId, maxLength, suffixLength, MIXED);
    }

    /** A lower-case name for services that allow no capitals (DAX clusters, RDS identifiers). */
    public static String lowerCase(String stack, String logicalId, int maxLength) {
        String base = logicalId.toLowerCase().replaceAll("[^a-z0-9-]", "");
        return scoped(base.isEmpty() ? "r" : base, stack + "/" + logicalId, maxLength, 8, LOWER);
    }

    /** An id such as {@code vpc-0a1b2c3d4e5f60718}: a prefix and hex digits. */
    public static String hexId(String prefix, String stack, String logicalId, int digits) {
        return prefix + suffix(stack + "/" + logicalId + "/" + prefix, digits, HEX);
    }

    /** Lower-case letters and digits (API Gateway ids, DAX and RDS endpoint labels). */
    public static String lowerId(String seed, int length) {
        return suffix(seed, length, LOWER);
    }

    public static String mixedId(String seed, int length) {
        return suffix(seed, length, MIXED);
    }

    /** A UUID-shaped id (KMS key ids, event source mapping UUIDs). */
    public static String uuid(String seed) {
        String hex = suffix(seed, 32, HEX);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    public static String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT_ID + ":" + resource;
    }

    private static String scoped(String base, String seed, int maxLength, int suffixLength, String alphabet) {
        int room = maxLength - 1 - suffixLength;
        String head = base.length() > room ? base.substring(0, room) : base;
        return head + "-" + suffix(seed, suffixLength, alphabet);
    }

    private static String suffix(String seed, int length, String alphabet) {
        StringBuilder out = new StringBuilder(length);
        byte[] digest = sha256(seed);
        int round = 0;
        while (out.length() < length) {
            for (byte b : digest) {
                if (out.length() == length) {
                    break;
                }
                out.append(alphabet.charAt((b & 0xff) % alphabet.length()));
            }
            digest = sha256(seed + "#" + (++round));
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
