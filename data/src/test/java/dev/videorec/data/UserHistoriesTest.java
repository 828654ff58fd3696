package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserHistoriesTest {
  @Test
  void clicksOnlyMostRecentFirstEachVideoOnce() {
    UserId u = new UserId(1);
    UserHistories h = UserHistories.of(List.of(
        new Interaction(u, new VideoId(1), 1, 0, true, 5),
        new Interaction(u, new VideoId(2), 2, 0, false, 0),
        new Interaction(u, new VideoId(3), 3, 0, true, 5),
        new Interaction(u, new VideoId(1), 4, 0, true, 5)));
    assertEquals(List.of(new VideoId(1), new VideoId(3)), h.of(u).watched());
    assertTrue(h.of(new UserId(9)).isEmpty(), "unknown users have an empty history");
  }
}
