package org.iocstream.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The communes of Nghệ An, read from the copy of {@code communes.csv} bundled with this module. */
public final class Communes {

    private static final String RESOURCE = "communes.csv";
    private static final String HEADER = "code,name,type,region,coastal";

    private static final List<Commune> ALL = load();

    private Communes() {
    }

    /** All 130 communes in file order (urban wards first). */
    public static List<Commune> all() {
        return ALL;
    }

    /**
     * The communes a selection names: {@code all}, a count {@code N} (the first N in file order, urban wards
     * first), or comma-separated codes.
     */
    public static List<Commune> select(String selection) {
        String trimmed = selection.trim();
        if (trimmed.equals("all")) {
            return ALL;
        }
        if (!trimmed.isEmpty() && trimmed.length() < 5 && trimmed.chars().allMatch(Character::isDigit)) {
            int count = Integer.parseInt(trimmed);
            if (count < 1 || count > ALL.size()) {
                throw new IllegalArgumentException("a count of communes must be 1.." + ALL.size() + ", got " + count);
            }
            return ALL.subList(0, count);
        }
        return Arrays.stream(trimmed.split(",")).map(String::trim).map(Communes::byCode).toList();
    }

    /** The commune with this code; throws if there is none. */
    public static Commune byCode(String code) {
        return ALL.stream()
                .filter(commune -> commune.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no commune with code " + code));
    }

    private static List<Commune> load() {
        InputStream in = Communes.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE + " is missing next to " + Communes.class);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalStateException(RESOURCE + " starts with '" + header + "', expected '" + HEADER + "'");
            }
            List<Commune> communes = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    communes.add(parse(line));
                }
            }
            return List.copyOf(communes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static Commune parse(String line) {
        // No field of communes.csv contains a comma or quotes, so a plain split is exact.
        String[] fields = line.split(",", -1);
        if (fields.length != 5) {
            throw new IllegalStateException(RESOURCE + ": expected 5 fields in '" + line + "'");
        }
        Region region = Region.valueOf(fields[3].toUpperCase(Locale.ROOT));
        boolean coastal = switch (fields[4]) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalStateException(RESOURCE + ": coastal must be yes or no in '" + line + "'");
        };
        return new Commune(fields[0], fields[1], fields[2], region, coastal);
    }
}
