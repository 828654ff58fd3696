package dev.videorec.core;

import java.util.Objects;

/**
 * A user account, as the platform knows it.
 *
 * @param id       the user's id
 * @param region   a short region code such as {@code "r2"}, or {@link Video#UNKNOWN}
 * @param language the user's preferred language, or {@link Video#UNKNOWN}
 * @param device   the user's usual device
 * @param adult    whether the user's age is verified as adult (may see age-restricted videos)
 */
public record User(UserId id, String region, String language, Device device, boolean adult) {
  public User {
    Objects.requireNonNull(id, "id");
    Codes.check("region", region, id);
    Codes.check("language", language, id);
    Objects.requireNonNull(device, "device");
  }

  /** A user of whom only the id and region are known (not verified as adult). */
  public User(UserId id, String region) {
    this(id, region, Video.UNKNOWN, Device.UNKNOWN, false);
  }
}
