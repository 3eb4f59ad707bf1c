package org.onestop.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The stretch of discharge dates a windowed layer counted for a settlement: only discharges dated inside it receive
 * the layer and raise its cumulative base (threshold and cap). Jiujiang's tilted assistance for new recipients
 * (三(三)2(5), from 3 months before the identification), Yantai's illness-poor grant (三(七), from 12 months before
 * the application month to the end of its year) and Liaoning's one-time grant ((八), the 12 months before the
 * application day).
 *
 * @param from   first discharge date inside the window (inclusive)
 * @param to     last discharge date inside the window (inclusive)
 * @param clause the clause that sets the window
 */
public record LayerWindow(LocalDate from, LocalDate to, String clause) {

    public LayerWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(clause, "clause");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The explanation line, e.g. {@code 计入期间 2023-03-01 至 2023-12-31（jiujiang-2022 三(三)2(5) …）}. */
    String describe() {
        return "计入期间 " + from + " 至 " + to + "（" + clause + "）：期间外的出院既不享受本层救助，也不计入其起付标准与限额的累计";
    }
}
