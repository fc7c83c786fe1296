package dev.drover.queue.internal.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every script loads, inlines its includes, and declares (header and file name) the keys it really uses. */
class ScriptLoaderTest {

    private static final Pattern KEYS_USE = Pattern.compile("KEYS\\[(\\d+)]");

    static List<String> scriptFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(ScriptLoaderTest.class.getResource("/" + ScriptLoader.ROOT + "moveToActive-11.lua").toURI())
                .getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lua")).sorted().toList();
        }
    }

    @Test
    void everyScriptsKeyCountMatchesItsFileNameAndHeader() throws Exception {
        List<String> files = scriptFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(18);
        for (String file : files) {
            LuaScript s = ScriptLoader.shared().load(file);
            assertThat(s.source()).as(file + " inlines all includes").doesNotContain("--@include");
            assertThat(maxKeyUsed(s.source())).as(file + " uses no KEYS beyond its count").isLessThanOrEqualTo(s.numKeys());
            assertThat(headerKeyCount(s.source())).as(file + " header lists its keys").isEqualTo(s.numKeys());
            assertThat(s.source()).as(file + " opens with a header").startsWith("--[[");
        }
    }

    @Test
    void shaIsTheSha1OfTheInlinedSource() {
        LuaScript s = ScriptLoader.shared().load("moveToActive-11.lua");
        assertThat(s.sha1()).isEqualTo(ScriptLoader.sha1(s.source())).hasSize(40);
        assertThat(s.name()).isEqualTo("moveToActive");
        assertThat(s.source()).contains("local function fetchNextJob");
    }

    private static int maxKeyUsed(String source) {
        Matcher m = KEYS_USE.matcher(source);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    /** The largest key number in the header's KEYS section ("1 wait, ..., 9 events" or "1-11 ..., 14 ..."). */
    private static int headerKeyCount(String source) {
        String header = source.substring(0, source.indexOf("]]"));
        String keys = header.substring(header.indexOf("KEYS:"), header.indexOf("ARGV:"));
        Matcher m = Pattern.compile("(?:^|[\\s,:-])(\\d+)\\s").matcher(keys);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }
}
