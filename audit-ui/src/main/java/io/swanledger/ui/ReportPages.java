package io.swanledger.ui;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Monthly and yearly reports (UTC periods) with charts, a CSV download and a printable view. */
@Controller
class ReportPages {

    private final QuerySide querySide;

    ReportPages(QuerySide querySide) {
        this.querySide = querySide;
    }

    @GetMapping("/reports")
    String report(@RequestParam(name = "month", required = false) String month,
                  @RequestParam(name = "year", required = false) String year,
                  @RequestParam(name = "view", required = false) String view,
                  @AuthenticationPrincipal Person me, Model model) {
        if (month == null && year == null) {
            return "redirect:/reports?month=" + YearMonth.now(ZoneOffset.UTC);
        }
        boolean yearly = year != null && month == null;
        Map<String, Object> r = yearly ? querySide.get(me, "/api/reports/yearly", PageModel.params("year", year)).map()
                : querySide.get(me, "/api/reports/monthly", PageModel.params("month", month)).map();
        model.addAttribute("r", r);
        model.addAttribute("yearly", yearly);
        model.addAttribute("print", "print".equals(view));
        model.addAttribute("csvLink", yearly ? "/reports/yearly.csv?year=" + r.get("period") : "/reports/monthly.csv?month=" + r.get("period"));
        List<Charts.Bar> connections = new ArrayList<>();
        List<Charts.Bar> peaks = new ArrayList<>();
        for (Object o : (List<?>) r.get("per_day")) {
            Map<?, ?> d = (Map<?, ?>) o;
            String day = String.valueOf(d.get("day"));
            connections.add(new Charts.Bar(day.substring(5), ((Number) d.get("connections")).longValue()));
            peaks.add(new Charts.Bar(day.substring(5), ((Number) d.get("peak_concurrent_sessions")).longValue()));
        }
        int every = yearly ? 31 : 5;
        model.addAttribute("connectionsChart", Charts.bars("Connections per day (UTC)", connections, every));
        model.addAttribute("peakChart", Charts.bars("Peak concurrent sessions per day (UTC)", peaks, every));
        List<Charts.Bar> vlans = new ArrayList<>();
        for (Object o : (List<?>) r.get("lab_vlans")) {
            Map<?, ?> v = (Map<?, ?>) o;
            vlans.add(new Charts.Bar("VLAN " + v.get("vlan"), ((Number) v.get("sessions")).longValue()));
        }
        model.addAttribute("vlanChart", Charts.rows("Sessions per lab VLAN", vlans));
        List<Charts.Bar> durations = new ArrayList<>();
        for (Object o : (List<?>) r.get("duration_distribution")) {
            Map<?, ?> d = (Map<?, ?>) o;
            durations.add(new Charts.Bar(String.valueOf(d.get("bucket")), ((Number) d.get("sessions")).longValue()));
        }
        model.addAttribute("durationChart", Charts.rows("Session durations", durations));
        return "reports";
    }

    @GetMapping("/reports/monthly.csv")
    void monthlyCsv(@RequestParam(name = "month", required = false) String month, @AuthenticationPrincipal Person me,
                    HttpServletResponse response) throws IOException {
        csv(me, "/api/reports/monthly", PageModel.params("month", month), "report-" + month, response);
    }

    @GetMapping("/reports/yearly.csv")
    void yearlyCsv(@RequestParam(name = "year", required = false) String year, @AuthenticationPrincipal Person me,
                   HttpServletResponse response) throws IOException {
        csv(me, "/api/reports/yearly", PageModel.params("year", year), "report-" + year, response);
    }

    private void csv(Person me, String path, Map<String, String> query, String name, HttpServletResponse response)
            throws IOException {
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9-]", "_") + ".csv\"");
        querySide.relayCsv(me, path, query, response);
    }
}
