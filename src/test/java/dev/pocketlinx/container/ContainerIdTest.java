package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerIdTest {

  private static final String ID =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void random_isAValidIdAndNeverRepeats() {
    ContainerId first = ContainerId.random();
    ContainerId second = ContainerId.random();

    assertTrue(ContainerId.isValid(first.value()));
    assertEquals(64, first.value().length());
    assertNotEquals(first, second);
  }

  @Test
  void shortId_isTheFirst12Digits() {
    assertEquals("0123456789ab", new ContainerId(ID).shortId());
    assertEquals(ID, new ContainerId(ID).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0123456789ab",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
        "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
        "../3456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "lock",
      })
  void new_invalidValue_isRejected(String value) {
    assertThrows(IllegalArgumentException.class, () -> new ContainerId(value));
    assertFalse(ContainerId.isValid(value));
  }

  @Test
  void new_null_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ContainerId(null));
  }
}
