package dev.drover.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.CliContext;
import java.io.PrintWriter;

/**
 * Where a command prints: human text and tables, or JSON when {@code --json} is set. JSON goes out pretty-printed
 * (one document per command) or compact (one line per event, for {@code watch}).
 */
public final class Output {

    /**
     * The mappers, made on first use: building an ObjectMapper is about a third of a table-printing command's start-up
     * (Jackson's classes, date and number formats), and most commands print no JSON.
     */
    private static final class Mappers {
        static final ObjectMapper COMPACT = terminalSafe(new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        static final ObjectMapper PRETTY = terminalSafe(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));
    }

    /** The mapper for every JSON document the CLI prints; it escapes what a terminal would act on. */
    public static ObjectMapper mapper() {
        return Mappers.COMPACT;
    }

    private final CliContext ctx;
    private final boolean json;

    public Output(CliContext ctx, boolean json) {
        this.ctx = ctx;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public CliContext context() {
        return ctx;
    }

    public PrintWriter out() {
        return ctx.out();
    }

    public void println(String line) {
        ctx.out().println(line);
    }

    /** Styles text with picocli markup when colour is on (only on a terminal). */
    public String style(String styles, String text) {
        return ctx.style(styles, text);
    }

    public void table(Table table) {
        table.render(ctx).forEach(ctx.out()::println);
    }

    /** Prints a value (record, map, list, JsonNode) as a pretty JSON document. */
    public void printJson(Object value) {
        ctx.out().println(write(Mappers.PRETTY, value));
    }

    /** Prints a value as one compact JSON line. */
    public void printJsonLine(Object value) {
        ctx.out().println(write(Mappers.COMPACT, value));
        ctx.out().flush();
    }

    public ObjectNode object() {
        return Mappers.COMPACT.createObjectNode();
    }

    // JSON escapes only C0 controls; a job's C1 controls and bidi overrides would reach the terminal raw
    private static ObjectMapper terminalSafe(ObjectMapper mapper) {
        mapper.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
        return mapper;
    }

    /** JSON's own escapes plus {@code \}{@code uXXXX} for DEL and every other {@link TerminalText#unsafe} character. */
    private static final class TerminalSafeEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= Character.MAX_VALUE && TerminalText.unsafe((char) ch)
                    ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
