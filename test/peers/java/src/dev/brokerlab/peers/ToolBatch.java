package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs several of Kafka's command-line tools in one JVM, one after the other, so a test that calls
 * kafka-topics, kafka-configs and kafka-consumer-groups pays for one JVM start instead of three.
 * Reads a JSON array of {"main": CLASS, "args": [...], "input": STDIN} on stdin and prints a JSON
 * array of {"code", "stdout", "stderr"}. The tools end through Kafka's Exit class, which is made to
 * throw instead of exiting the JVM; some tools catch that throw and exit again with 1, so the
 * first exit code a tool asks for is its result.
 */
public final class ToolBatch {
  private static final class ExitCalled extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    ExitCalled(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  private static Integer firstExit;

  private static ExitCalled exit(int code) {
    if (firstExit == null) firstExit = code;
    return new ExitCalled(code);
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode calls = json.readTree(System.in);
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    InputStream realIn = System.in;
    Exit.setExitProcedure((code, message) -> {
      throw exit(code);
    });
    Exit.setHaltProcedure((code, message) -> {
      throw exit(code);
    });
    ArrayNode results = json.createArrayNode();
    for (JsonNode call : calls) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(call.path("input").asText("").getBytes(StandardCharsets.UTF_8)));
      firstExit = null;
      int code = 0;
      try {
        String[] toolArgs = json.convertValue(call.get("args"), String[].class);
        Method main = Class.forName(call.get("main").asText()).getMethod("main", String[].class);
        main.invoke(null, (Object) toolArgs);
      } catch (java.lang.reflect.InvocationTargetException e) {
        code = e.getCause() instanceof ExitCalled exit ? exit.code : 1;
        if (!(e.getCause() instanceof ExitCalled)) e.getCause().printStackTrace();
      } catch (ExitCalled exit) {
        code = exit.code;
      } finally {
        System.out.flush();
        System.err.flush();
        System.setOut(realOut);
        System.setErr(realErr);
        System.setIn(realIn);
      }
      ObjectNode result = results.addObject();
      result.put("code", firstExit != null ? firstExit : code);
      result.put("stdout", out.toString(StandardCharsets.UTF_8));
      // A tool that caught the exit throw prints it; that is not the tool's own output.
      result.put("stderr", err.toString(StandardCharsets.UTF_8).replaceAll("(?m)^(null\\n)?.*ToolBatch\\$ExitCalled\\n\\n?", ""));
    }
    realOut.println(json.writeValueAsString(results));
    realOut.flush();
    Runtime.getRuntime().halt(0);
  }

  private ToolBatch() {}
}
