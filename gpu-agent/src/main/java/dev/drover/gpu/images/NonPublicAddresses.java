package dev.drover.gpu.images;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The address blocks a user-supplied URL may never reach: loopback, private, link-local (which holds the cloud
 * metadata services at 169.254.169.254 and fd00:ec2::254), CGNAT, unspecified, multicast, broadcast and the other
 * special-purpose blocks of the IANA registries. An IPv6 address that carries an IPv4 one (mapped {@code ::ffff:a.b.c.d},
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the IPv4 address inside it.
 */
public final class NonPublicAddresses {

    private static final Map<AddressRange, String> BLOCKS = new LinkedHashMap<>();

    static {
        block("in 0.0.0.0/8 ('this network')", "0.0.0.0/8");
        block("loopback", "127.0.0.0/8", "::1/128");
        block("private (RFC 1918)", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        block("shared address space (CGNAT)", "100.64.0.0/10");
        block("link-local (where cloud metadata services live)", "169.254.0.0/16", "fe80::/10");
        block("reserved for IETF protocol assignments", "192.0.0.0/24");
        block("reserved for documentation", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32");
        block("reserved for benchmarking", "198.18.0.0/15", "2001:2::/48");
        block("multicast", "224.0.0.0/4", "ff00::/8");
        block("reserved", "240.0.0.0/4");
        block("unspecified", "::/128");
        block("unique local (ULA, fc00::/7)", "fc00::/7");
        block("site-local (deprecated)", "fec0::/10");
        block("discard-only", "100::/64");
    }

    private NonPublicAddresses() {
    }

    private static void block(String why, String... ranges) {
        for (String r : ranges) {
            BLOCKS.put(AddressRange.parse(r), why);
        }
    }

    /** Why {@code address} is not a public unicast address, to follow "which is"; null when it is one. */
    public static String refusal(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            return refusal(embedded);
        }
        for (Map.Entry<AddressRange, String> b : BLOCKS.entrySet()) {
            if (b.getKey().contains(address)) {
                return b.getValue();
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address; null otherwise. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != 16) {
            return null;
        }
        byte[] v4;
        boolean zeroPrefix = Arrays.equals(a, 0, 10, new byte[10], 0, 10);
        if (zeroPrefix && ((a[10] == (byte) 0xff && a[11] == (byte) 0xff) || (a[10] == 0 && a[11] == 0 && !tiny(a)))) {
            v4 = Arrays.copyOfRange(a, 12, 16);
        } else if (a[0] == 0 && a[1] == 0x64 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b
                && Arrays.equals(a, 4, 12, new byte[8], 0, 8)) {
            v4 = Arrays.copyOfRange(a, 12, 16);
        } else if (a[0] == 0x20 && a[1] == 0x02) {
            v4 = Arrays.copyOfRange(a, 2, 6);
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ::} and {@code ::1} are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones. */
    private static boolean tiny(byte[] a) {
        return a[12] == 0 && a[13] == 0 && a[14] == 0 && (a[15] == 0 || a[15] == 1);
    }
}
