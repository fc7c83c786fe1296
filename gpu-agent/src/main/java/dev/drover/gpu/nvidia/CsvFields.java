package dev.drover.gpu.nvidia;

/**
 * Field parsing for nvidia-smi's {@code --format=csv,noheader,nounits}: values are separated by {@code ", "}, and a
 * value the GPU cannot report is printed in brackets ({@code [N/A]}, {@code [Not Supported]}, {@code [Unknown Error]}),
 * which becomes null.
 */
final class CsvFields {

    private CsvFields() {
    }

    static String[] split(String line, int expected) {
        String[] f = line.split(",", -1);
        if (f.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " fields from nvidia-smi, got " + f.length + ": " + line);
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip();
        }
        return f;
    }

    static Integer integer(String field) {
        Double d = decimal(field);
        return d == null ? null : (int) Math.round(d);
    }

    static Double decimal(String field) {
        if (field.isEmpty() || field.startsWith("[")) {
            return null;
        }
        // some drivers keep a unit despite nounits (e.g. "250.00 W"); the number is what we store
        String number = field.split(" ", 2)[0];
        try {
            return Double.valueOf(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int requiredInt(String field, String line) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a GPU index in nvidia-smi output: " + line, e);
        }
    }
}
