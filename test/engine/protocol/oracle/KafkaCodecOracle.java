/*
 * Apache Kafka's own codec as a test oracle for Brokerlab's. Reads commands from stdin, one per
 * line, and answers one JSON object per line (per message for `random`):
 *
 *   parse  <apiKey> <version> <request|response> <hex>
 *       Parses the body with Kafka's generated message class and answers
 *       {"ok":true,"hex":<Kafka's own re-serialization>,"json":<Kafka's JSON of the message>}
 *       or {"ok":false,"error":...} when Kafka refuses the bytes.
 *   random <apiKey> <version> <request|response> <seed> <count>
 *       Walks Kafka's schema of that message version and writes <count> random but well-formed
 *       bodies (every known tagged field sometimes present), then answers as `parse` does.
 *
 * Run with Kafka's jars on the classpath (the Apache Kafka test peer's); regenerate-fixtures.ts
 * drives it. Nothing here is used at test time: its answers are committed as test vectors.
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.NullableSchema;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;

public final class KafkaCodecOracle {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] WORDS = {"", "a", "orders", "topic-1", "grp.x_y", "\u00e9t\u00e9", "__consumer_offsets"};

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    for (String line; (line = in.readLine()) != null; ) {
      String[] p = line.trim().split(" ");
      if (p.length < 4) continue;
      short apiKey = Short.parseShort(p[1]);
      short version = Short.parseShort(p[2]);
      boolean request = p[3].equals("request");
      if (p[0].equals("parse")) {
        out.println(parse(apiKey, version, request, HEX.parseHex(p.length > 4 ? p[4] : "")));
      } else if (p[0].equals("random")) {
        Random random = new Random(Long.parseLong(p[4]));
        int count = Integer.parseInt(p[5]);
        Schema schema = schema(apiKey, version, request);
        for (int i = 0; i < count; i++) {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          writeRandom(schema, body, random, 0);
          out.println(parse(apiKey, version, request, body.toByteArray()));
        }
      }
      out.flush();
    }
  }

  private static Schema schema(short apiKey, short version, boolean request) {
    ApiMessageType type = ApiMessageType.fromApiKey(apiKey);
    return (request ? type.requestSchemas() : type.responseSchemas())[version];
  }

  private static String parse(short apiKey, short version, boolean request, byte[] bytes) {
    ObjectNode out = MAPPER.createObjectNode();
    try {
      ApiMessageType type = ApiMessageType.fromApiKey(apiKey);
      ApiMessage message = request ? type.newRequest() : type.newResponse();
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      message.read(new ByteBufferAccessor(buffer), version);
      if (buffer.hasRemaining()) throw new IllegalStateException(buffer.remaining() + " trailing bytes");
      ByteBuffer written = MessageUtil.toByteBufferAccessor(message, version).buffer();
      byte[] canonical = new byte[written.remaining()];
      written.get(canonical);
      Class<?> converter = Class.forName(message.getClass().getName() + "JsonConverter");
      Method write = converter.getMethod("write", message.getClass(), short.class, boolean.class);
      out.put("ok", true);
      out.put("hex", HEX.formatHex(canonical));
      out.set("json", (JsonNode) write.invoke(null, message, version, true));
    } catch (Throwable e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      out.put("ok", false);
      out.put("error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
    return out.toString();
  }

  // ---- random well-formed bodies, by schema ----

  private static void writeRandom(Type type, ByteArrayOutputStream out, Random r, int depth) {
    if (type instanceof NullableSchema nullable) {
      if (r.nextInt(4) == 0) {
        out.write(-1);
      } else {
        out.write(1);
        writeStruct(nullable, out, r, depth);
      }
    } else if (type instanceof Schema schema) {
      writeStruct(schema, out, r, depth);
    } else if (type instanceof TaggedFields) {
      writeTagged((TaggedFields) type, out, r, depth);
    } else if (type.isArray()) {
      boolean compact = type.getClass().getSimpleName().startsWith("Compact");
      if (type.isNullable() && r.nextInt(6) == 0) {
        writeLength(out, -1, compact);
        return;
      }
      int n = depth > 4 || r.nextInt(7) == 0 ? 0 : 1 + r.nextInt(2);
      writeLength(out, n, compact);
      for (int i = 0; i < n; i++) writeRandom(type.arrayElementType().get(), out, r, depth + 1);
    } else {
      writePrimitive(type, out, r);
    }
  }

  private static void writeStruct(Schema schema, ByteArrayOutputStream out, Random r, int depth) {
    for (BoundField field : schema.fields()) writeRandom(field.def.type, out, r, depth);
  }

  @SuppressWarnings("unchecked")
  private static void writeTagged(TaggedFields tagged, ByteArrayOutputStream out, Random r, int depth) {
    Map<Integer, Field> fields;
    try {
      java.lang.reflect.Field f = TaggedFields.class.getDeclaredField("fields");
      f.setAccessible(true);
      fields = (Map<Integer, Field>) f.get(tagged);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int count = 0;
    for (Map.Entry<Integer, Field> e : new java.util.TreeMap<>(fields).entrySet()) {
      if (r.nextBoolean()) continue;
      ByteArrayOutputStream value = new ByteArrayOutputStream();
      writeRandom(e.getValue().type, value, r, depth + 1);
      writeUnsignedVarint(body, e.getKey());
      writeUnsignedVarint(body, value.size());
      body.writeBytes(value.toByteArray());
      count++;
    }
    writeUnsignedVarint(out, count);
    out.writeBytes(body.toByteArray());
  }

  private static void writePrimitive(Type type, ByteArrayOutputStream out, Random r) {
    String name = type.toString();
    switch (name) {
      case "BOOLEAN" -> out.write(r.nextBoolean() ? 1 : 0);
      case "INT8" -> out.write(pickInt(r, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case "INT16" -> writeBig(out, pickInt(r, Short.MIN_VALUE, Short.MAX_VALUE), 2);
      case "UINT16" -> writeBig(out, pickInt(r, 0, 65535), 2);
      case "INT32" -> writeBig(out, pickInt(r, Integer.MIN_VALUE, Integer.MAX_VALUE), 4);
      case "UINT32" -> writeBig(out, pickInt(r, 0, Integer.MAX_VALUE) * 2L, 4);
      case "INT64" -> writeBig(out, pickLong(r), 8);
      case "FLOAT64" -> writeBig(out, Double.doubleToLongBits(r.nextInt(1000) / 8.0), 8);
      case "UUID" -> {
        byte[] b = new byte[16];
        if (r.nextInt(3) > 0) r.nextBytes(b);
        out.writeBytes(b);
      }
      case "STRING", "COMPACT_STRING", "NULLABLE_STRING", "COMPACT_NULLABLE_STRING" -> {
        boolean compact = name.startsWith("COMPACT");
        if (name.contains("NULLABLE") && r.nextInt(5) == 0) {
          if (compact) writeUnsignedVarint(out, 0);
          else writeBig(out, -1, 2);
          return;
        }
        byte[] s = WORDS[r.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8);
        if (compact) writeUnsignedVarint(out, s.length + 1);
        else writeBig(out, s.length, 2);
        out.writeBytes(s);
      }
      case "BYTES", "COMPACT_BYTES", "NULLABLE_BYTES", "COMPACT_NULLABLE_BYTES", "RECORDS", "COMPACT_RECORDS",
          "NULLABLE_RECORDS", "COMPACT_NULLABLE_RECORDS" -> {
        boolean compact = name.startsWith("COMPACT");
        if (name.contains("NULLABLE") && r.nextInt(5) == 0) {
          writeLength(out, -1, compact);
          return;
        }
        byte[] b = new byte[r.nextInt(6)];
        r.nextBytes(b);
        writeLength(out, b.length, compact);
        out.writeBytes(b);
      }
      case "VARINT" -> writeUnsignedVarint(out, zigzag(pickInt(r, Integer.MIN_VALUE, Integer.MAX_VALUE)));
      default -> throw new IllegalStateException("no random value for type " + name);
    }
  }

  private static int pickInt(Random r, int min, int max) {
    return switch (r.nextInt(6)) {
      case 0 -> -1 < min ? min : -1;
      case 1 -> 0;
      case 2 -> min;
      case 3 -> max;
      default -> (int) Math.max(min, Math.min(max, r.nextInt(2000) - 100));
    };
  }

  private static long pickLong(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> -1L;
      case 1 -> Long.MAX_VALUE;
      case 2 -> Long.MIN_VALUE;
      case 3 -> r.nextLong();
      default -> r.nextInt(100000);
    };
  }

  private static long zigzag(int v) {
    return ((long) (v << 1) ^ (v >> 31)) & 0xffffffffL;
  }

  private static void writeLength(ByteArrayOutputStream out, int length, boolean compact) {
    if (compact) writeUnsignedVarint(out, length + 1);
    else writeBig(out, length, 4);
  }

  private static void writeBig(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) out.write((int) (value >>> (8 * i)));
  }

  private static void writeUnsignedVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
