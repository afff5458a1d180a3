package io.swanledger.vlan;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the lab-VLAN export of the campus network database into an {@link ImportAccessList}. The
 * format, one record per line, fields separated by spaces or tabs, {@code #} starts a comment:
 * <pre>
 * vlan &lt;management number&gt; &lt;interface&gt; &lt;prefix&gt; &lt;gateway&gt; [&lt;SNAT address&gt;|-] [&lt;table&gt;|-]
 * pair &lt;account&gt;@&lt;management number&gt;
 * </pre>
 * e.g. {@code vlan 123456 ens3.1 10.2.0.0/24 10.2.0.254} and {@code pair alice@123456}. SNAT defaults to
 * broadcast − 2 and the table to the VLAN number. The export is all or nothing: any bad line refuses
 * the whole file, with every problem listed by line number (up to {@value #MAX_REPORTED}), so that a
 * truncated or corrupted export can never revoke half the campus's routes.
 */
public final class AccessListExport {

    /** Lines longer than this are refused unread. */
    public static final int MAX_LINE = 1024;
    /** More lines than this are refused (a campus has thousands of pairs, not millions). */
    public static final int MAX_LINES = 500_000;
    static final int MAX_REPORTED = 20;

    private AccessListExport() {
    }

    /** A refused export: the message lists the bad lines. */
    public static final class InvalidExportException extends InvalidValueException {
        private final List<String> problems;

        InvalidExportException(String source, List<String> problems, int total) {
            super("export " + Inputs.quote(source), total + " bad line" + (total == 1 ? "" : "s") + ", nothing imported:\n  "
                    + String.join("\n  ", problems) + (total > problems.size() ? "\n  … and " + (total - problems.size()) + " more" : ""));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static ImportAccessList parse(String source, Reader input, String requestedBy, Instant at) throws IOException {
        Map<Integer, LabVlan> vlans = new LinkedHashMap<>();
        Map<Integer, Integer> vlanLine = new HashMap<>();
        Map<Integer, Integer> tableLine = new HashMap<>();
        Set<AccessPair> pairs = new HashSet<>();
        List<Object[]> pairLines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] bad = {0};

        BufferedReader in = new BufferedReader(input);
        int lineNo = 0;
        StringBuilder line = new StringBuilder();
        while (readLine(in, line)) {
            lineNo++;
            if (lineNo > MAX_LINES) {
                problem(problems, bad, lineNo, "more than " + MAX_LINES + " lines");
                break;
            }
            if (line.length() > MAX_LINE) {
                problem(problems, bad, lineNo, "longer than " + MAX_LINE + " characters");
                continue;
            }
            String text = line.toString();
            if (lineNo == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            int hash = text.indexOf('#');
            if (hash >= 0) {
                text = text.substring(0, hash);
            }
            text = text.strip();
            if (text.isEmpty()) {
                continue;
            }
            int control = firstControl(text);
            if (control >= 0) {
                // an export is text: a control character means a corrupted file, never an account to escape
                problem(problems, bad, lineNo, "contains a control character at position " + control);
                continue;
            }
            String[] f = text.split("[ \t]+");
            try {
                switch (f[0]) {
                    case "vlan" -> {
                        LabVlan v = vlan(f);
                        Integer seen = vlanLine.putIfAbsent(v.number().value(), lineNo);
                        if (seen != null) {
                            throw new InvalidValueException("vlan", "VLAN " + v.number() + " is already defined on line " + seen);
                        }
                        Integer tableSeen = tableLine.putIfAbsent(v.table(), lineNo);
                        if (tableSeen != null) {
                            throw new InvalidValueException("vlan", "routing table " + v.table() + " is already used on line " + tableSeen);
                        }
                        vlans.put(v.number().value(), v);
                    }
                    case "pair" -> {
                        if (f.length != 2) {
                            throw new InvalidValueException("pair", "needs exactly one account@VLAN field");
                        }
                        AccessPair p = AccessPair.parse(f[1]);
                        pairs.add(p);
                        pairLines.add(new Object[] {p, lineNo});
                    }
                    default -> throw new InvalidValueException("record", "must start with 'vlan' or 'pair'", f[0]);
                }
            } catch (InvalidValueException e) {
                problem(problems, bad, lineNo, e.getMessage());
            }
        }
        for (Object[] pl : pairLines) {
            AccessPair p = (AccessPair) pl[0];
            if (!vlans.containsKey(p.vlan().value())) {
                problem(problems, bad, (Integer) pl[1], "pair " + p + " names VLAN " + p.vlan() + ", which the export does not define");
            }
        }
        if (bad[0] > 0) {
            throw new InvalidExportException(source, problems, bad[0]);
        }
        return new ImportAccessList(ImportAccessList.CAMPUS, new ArrayList<>(vlans.values()), pairs, source, requestedBy, at);
    }

    private static LabVlan vlan(String[] f) {
        if (f.length < 5 || f.length > 7) {
            throw new InvalidValueException("vlan", "needs: vlan <number> <interface> <prefix> <gateway> [<SNAT address>|-] [<table>|-]");
        }
        VlanNumber number = VlanNumber.parse(f[1]);
        CidrPrefix prefix = CidrPrefix.parse(f[3]);
        Ipv4Address gateway = Ipv4Address.parse("VLAN gateway", f[4]);
        Ipv4Address snat = f.length > 5 && !f[5].equals("-") ? Ipv4Address.parse("VLAN SNAT address", f[5]) : prefix.broadcastMinusTwo();
        int table = number.value();
        if (f.length > 6 && !f[6].equals("-")) {
            if (!f[6].matches("[1-9][0-9]{0,9}") || Long.parseLong(f[6]) > Integer.MAX_VALUE) {
                throw new InvalidValueException("VLAN routing table", "must be a positive number", f[6]);
            }
            table = Integer.parseInt(f[6]);
        }
        return new LabVlan(number, f[2], prefix, gateway, snat, table);
    }

    private static void problem(List<String> problems, int[] bad, int line, String message) {
        bad[0]++;
        if (problems.size() < MAX_REPORTED) {
            problems.add("line " + line + ": " + message);
        }
    }

    /** Reads one line into {@code into} without ever holding more than MAX_LINE + 1 characters of it. */
    private static boolean readLine(BufferedReader in, StringBuilder into) throws IOException {
        into.setLength(0);
        int c = in.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (c != '\r' && into.length() <= MAX_LINE) {
                into.append((char) c);
            }
            c = in.read();
        }
        return true;
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\t' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
                return i;
            }
        }
        return -1;
    }
}
