package io.gridpulse.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Trusted proxies: whose X-Forwarded-For is believed")
class TrustedProxiesTest {
  static final TrustedProxies PROXIES = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.7 , ::1 ");

  @Test
  @DisplayName("addresses and CIDR ranges, IPv4 and IPv6 (an IPv4-mapped address counts as IPv4)")
  void ranges() {
    assertThat(PROXIES.trusts("10.1.2.3")).isTrue();
    assertThat(PROXIES.trusts("11.1.2.3")).isFalse();
    assertThat(PROXIES.trusts("192.168.1.7")).isTrue();
    assertThat(PROXIES.trusts("192.168.1.8")).isFalse();
    assertThat(PROXIES.trusts("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(PROXIES.trusts("::ffff:10.9.9.9")).isTrue();
    assertThat(PROXIES.trusts("unknown")).isFalse();
    assertThat(TrustedProxies.parse("172.16.0.0/12").trusts("172.31.255.255")).isTrue();
    assertThat(TrustedProxies.parse("172.16.0.0/12").trusts("172.32.0.0")).isFalse();
    assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
    assertThat(TrustedProxies.NONE.trusts("127.0.0.1")).isFalse();
  }

  @Test
  @DisplayName("refuses host names and bad prefixes, naming the entry")
  void refuses() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, proxy.example.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy.example.org");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("prefix");
  }
}
