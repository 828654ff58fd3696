package dev.videorec.ranking.features;

import dev.videorec.core.Device;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Each known user's usual device, the context of their logged impressions; unknown users get UNKNOWN. */
public final class UserDevices implements Function<UserId, Device> {
  private final Map<UserId, Device> devices;

  private UserDevices(Map<UserId, Device> devices) {
    this.devices = devices;
  }

  public static UserDevices of(List<User> users) {
    Map<UserId, Device> m = new HashMap<>(users.size() * 2);
    users.forEach(u -> m.put(u.id(), u.device()));
    return new UserDevices(Map.copyOf(m));
  }

  @Override
  public Device apply(UserId user) {
    return devices.getOrDefault(user, Device.UNKNOWN);
  }
}
