package dev.k42lens.debug.model;

import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/** A register's value as text (hex, with the double for FPRs and the flags for CR fields). */
public class K42LensValue extends K42LensDebugElement implements IValue {
    private final K42LensRegister register;
    private final String text;

    K42LensValue(K42LensRegister register, String text) {
        super(register.getDebugTarget());
        this.register = register;
        this.text = text;
    }

    @Override
    public String getReferenceTypeName() {
        return register.getReferenceTypeName();
    }

    @Override
    public String getValueString() {
        return text;
    }

    @Override
    public boolean isAllocated() {
        return true;
    }

    @Override
    public IVariable[] getVariables() {
        return K42LensRegister.NONE;
    }

    @Override
    public boolean hasVariables() {
        return false;
    }
}
