package dev.videorec.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Limits(int k, String name) {}

  record Outer(List<Limits> limits) {}

  @Test
  void readingIsStrict() {
    ObjectMapper m = Json.mapper();
    assertEquals(new Limits(3, "a"), read(m, "{\"k\": 3, \"name\": \"a\"}"));
    assertThrows(JsonMappingException.class, () -> m.readValue("{\"k\": 3, \"name\": \"a\", \"x\": 1}", Limits.class));
    assertThrows(JsonMappingException.class, () -> m.readValue("{\"name\": \"a\"}", Limits.class));
    assertThrows(JsonMappingException.class, () -> m.readValue("{\"k\": null, \"name\": \"a\"}", Limits.class));
    assertThrows(Exception.class, () -> m.readValue("{\"k\": 3, \"name\": \"a\"} {}", Limits.class));
  }

  @Test
  void aConfigurationMayLeaveOutAKeyButNotAddOne() throws Exception {
    ObjectMapper m = Json.configMapper();
    assertEquals(new Limits(3, null), m.readValue("{\"k\": 3}", Limits.class));
    assertThrows(JsonMappingException.class, () -> m.readValue("{\"name\": \"a\", \"x\": 1}", Limits.class));
  }

  @Test
  void errorsNameTheirPlace() {
    JsonMappingException e = assertThrows(JsonMappingException.class, () -> Json.mapper().readValue(
        "{\"limits\": [{\"k\": 1, \"name\": \"a\"}, {\"k\": \"x\", \"name\": \"b\"}]}", Outer.class));
    assertEquals("limits[1].k", Json.path(e));
    assertEquals(Json.TOP_LEVEL, Json.path(List.of(), null));
    assertEquals("theta", Json.path(List.of(), "theta"));
  }

  @Test
  void theWireFormatIsOneLine() throws Exception {
    assertFalse(Json.compact().writeValueAsString(Map.of("a", List.of(1, 2))).contains("\n"));
  }

  private static Limits read(ObjectMapper m, String text) {
    try {
      return m.readValue(text, Limits.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
