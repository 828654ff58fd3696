package dev.videorec.core.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * The one JSON reader and writer of videorec, for configurations, model metadata, manifests and reports alike.
 * Reading is strict: an unknown key, a repeated key, a missing constructor property, a null for a primitive, a
 * fraction or a string where a whole number belongs, and anything after the document are errors, never silently
 * ignored, rounded or defaulted. A hand-written configuration whose parameters have
 * documented defaults reads with {@link #configMapper}, the same rules except that an omitted key takes its
 * default. Writing is indented, except for the HTTP API ({@link #compact}). {@link #path} names where in a
 * document an error is, as {@code selectors[0].theta}.
 */
public final class Json {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /** The label of an error at the document's top level. */
  public static final String TOP_LEVEL = "(top level)";

  private Json() {}

  /** A strict mapper: a copy, so that a caller's further configuration stays its own. */
  public static ObjectMapper mapper() {
    return STRICT.copy();
  }

  /**
   * The strict mapper, except that a key the document leaves out is passed to the record as null (or 0), for the
   * record to replace with its documented default: for configurations people write by hand.
   */
  public static ObjectMapper configMapper() {
    return STRICT.copy().disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  }

  /** A writer of one-line documents, for responses on the wire. */
  public static ObjectWriter compact() {
    return STRICT.writer().without(SerializationFeature.INDENT_OUTPUT);
  }

  /** {@code text} without a leading byte order mark, which some editors write and JSON parsers refuse. */
  public static String withoutBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Where {@code e} happened: field names joined by dots, array indexes in brackets; {@link #TOP_LEVEL} at the top. */
  public static String path(JsonMappingException e) {
    return path(e.getPath(), null);
  }

  /**
   * The path of {@code references}, then {@code leaf} (null for none).
   *
   * @param references a path as Jackson reports it, outermost first
   */
  public static String path(List<JsonMappingException.Reference> references, String leaf) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : references) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    if (leaf != null) {
      sb.append(sb.length() == 0 ? "" : ".").append(leaf);
    }
    return sb.length() == 0 ? TOP_LEVEL : sb.toString();
  }
}
