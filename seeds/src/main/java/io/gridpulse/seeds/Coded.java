package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * An enum whose constants travel as short lower-case codes in JSON ({@code URBAN_BASIC} ⇄ {@code
 * urban-basic}). Jackson writes and reads the code through {@link #code()}.
 */
public interface Coded {

  /** The enum constant's name; every enum already has it. */
  String name();

  /** The code used in JSON and in APIs: the constant's name in kebab case unless overridden. */
  @JsonValue
  default String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} whose code is {@code code}. */
  static <E extends Enum<E> & Coded> E parse(Class<E> type, String code) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("unknown " + type.getSimpleName() + " code: " + code));
  }
}
