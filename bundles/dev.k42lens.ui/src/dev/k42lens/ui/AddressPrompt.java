package dev.k42lens.ui;

import java.util.Optional;

import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;

/**
 * Asks for an address in the two forms the debug model resolves (K42LensThread.resolveAddress): a
 * hexadecimal address such as 0x10000abc, or a symbol such as main. The dialog checks the form;
 * whether the symbol exists only the model can say.
 */
public final class AddressPrompt {
    private static final int MAX_HEX_DIGITS = 16;

    private AddressPrompt() {
    }

    /** Shows the dialog: the expression entered, trimmed, or empty when the user cancelled. */
    public static Optional<String> ask(Shell shell, String title, String initialValue) {
        InputDialog dialog = new InputDialog(shell, title,
                "Address (hexadecimal, such as 0x10000abc) or symbol (such as main):", initialValue,
                AddressPrompt::problemWith);
        return dialog.open() == Window.OK ? Optional.of(dialog.getValue().trim()) : Optional.empty();
    }

    /** Why {@code text} is neither a hexadecimal address nor a symbol name, or null when it is one. */
    public static String problemWith(String text) {
        String expression = text.trim();
        if (expression.isEmpty()) {
            return "Enter an address such as 0x10000abc or a symbol such as main.";
        }
        if (expression.startsWith("0x") || expression.startsWith("0X")) {
            String digits = expression.substring(2);
            if (digits.isEmpty() || digits.length() > MAX_HEX_DIGITS
                    || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return "'" + expression + "' is not a 64-bit address: write 1 to 16 hexadecimal digits after 0x.";
            }
            return null;
        }
        if (expression.chars().anyMatch(Character::isWhitespace)) {
            return "A symbol name has no spaces; for an address, start it with 0x.";
        }
        return null;
    }
}
