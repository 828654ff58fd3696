package dev.videorec.data.log;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A log's own ids and the dense ordinals videorec uses inside: ordinal {@code i} is the i-th id in sorted order, so
 * the mapping depends only on the set of ids, not on the order of the rows. Immutable.
 */
public final class IdMapping {
  private final List<String> ids;
  private final Map<String, Integer> ordinals;

  /** @param sortedIds distinct ids in sorted order */
  IdMapping(List<String> sortedIds) {
    this.ids = List.copyOf(sortedIds);
    this.ordinals = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      ordinals.put(ids.get(i), i);
    }
  }

  /** The log's id of ordinal {@code i}. */
  public String id(int ordinal) {
    return ids.get(ordinal);
  }

  /** The ordinal of the log's id, or empty for an id the log does not have. */
  public Optional<Integer> ordinal(String id) {
    return Optional.ofNullable(ordinals.get(id));
  }

  public int size() {
    return ids.size();
  }
}
