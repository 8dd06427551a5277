package io.gridpulse.server.audit;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which reverse proxies may tell us the client's address. {@code X-Forwarded-For} and {@code
 * X-Forwarded-Proto} are honoured only on a connection from one of the configured addresses or
 * ranges ({@code GRIDPULSE_TRUSTED_PROXIES}, e.g. {@code 10.0.0.0/8, ::1}); from anyone else they
 * are ignored, since a client can write whatever it likes in them. The client is the rightmost
 * forwarded address that is not itself a trusted proxy.
 *
 * <p>As a handler (first on the router) it puts the request's {@link Origin} in the routing
 * context.
 */
public final class TrustedProxies implements Handler<RoutingContext> {
  /** No proxy is trusted: the socket's address is the client's. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  static final String FORWARDED_FOR = "X-Forwarded-For";
  static final String FORWARDED_PROTO = "X-Forwarded-Proto";

  /** An address range: the first {@code bits} bits of {@code network}. */
  record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses a comma-separated list of IP addresses and CIDR ranges; blank means none. Throws {@link
   * IllegalArgumentException} naming the first entry that is neither (host names are refused: they
   * would need DNS on every request).
   */
  public static TrustedProxies parse(String list) {
    List<Range> ranges = new ArrayList<>();
    if (list != null) {
      for (String item : list.split(",")) {
        String entry = item.strip();
        if (!entry.isEmpty()) {
          ranges.add(range(entry));
        }
      }
    }
    return new TrustedProxies(ranges);
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not an IP address or a CIDR range (such as 10.0.0.0/8)");
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
      }
    }
    return new Range(bytes, bits);
  }

  /** The bytes of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 address as IPv4), or null. */
  static byte[] literal(String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    String bare =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
    if (bytes != null && bytes.length == 16 && isMappedV4(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** Whether {@code address} (an IP literal) is a trusted proxy. */
  public boolean trusts(String address) {
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** The origin of {@code request}: the socket's address unless a trusted proxy forwarded it. */
  public Origin resolve(HttpServerRequest request) {
    SocketAddress socket = request.remoteAddress();
    String peer = socket == null ? null : socket.hostAddress();
    String userAgent = request.getHeader("User-Agent");
    if (peer == null || !trusts(peer)) {
      return new Origin(peer, peer, userAgent, request.isSSL());
    }
    String client = peer;
    List<String> forwarded = forwardedFor(request);
    for (int i = forwarded.size() - 1; i >= 0 && trusts(client); i--) {
      String hop = forwarded.get(i);
      if (literal(hop) == null) {
        break; // garbage in the chain: keep the last address we could trust
      }
      client = hop;
    }
    String proto = last(request.headers().getAll(FORWARDED_PROTO));
    boolean secure = request.isSSL() || "https".equals(proto);
    return new Origin(client, peer, userAgent, secure);
  }

  private static List<String> forwardedFor(HttpServerRequest request) {
    List<String> hops = new ArrayList<>();
    for (String header : request.headers().getAll(FORWARDED_FOR)) {
      for (String hop : header.split(",")) {
        String h = hop.strip();
        if (!h.isEmpty()) {
          hops.add(h);
        }
      }
    }
    return hops;
  }

  private static String last(List<String> headers) {
    String value = null;
    for (String header : headers) {
      for (String part : header.split(",")) {
        if (!part.isBlank()) {
          value = part.strip().toLowerCase(Locale.ROOT);
        }
      }
    }
    return value;
  }

  @Override
  public void handle(RoutingContext rc) {
    rc.put(Origin.KEY, resolve(rc.request()));
    rc.next();
  }
}
