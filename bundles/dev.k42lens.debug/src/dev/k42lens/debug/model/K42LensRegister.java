package dev.k42lens.debug.model;

import java.math.BigInteger;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IRegister;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/** One register of a suspended thread; editable: the new value goes straight into the guest thread. */
public class K42LensRegister extends K42LensDebugElement implements IRegister {
    private final K42LensThread thread;
    private final K42LensRegisterGroup group;
    private final Ppc64Registers.Definition definition;

    K42LensRegister(K42LensThread thread, K42LensRegisterGroup group, Ppc64Registers.Definition definition) {
        super(thread.getDebugTarget());
        this.thread = thread;
        this.group = group;
        this.definition = definition;
    }

    @Override
    public String getName() {
        return definition.name();
    }

    /** The register's unsigned value at the current suspension. */
    public BigInteger bigValue() throws DebugException {
        return definition.read().apply(thread.registers());
    }

    @Override
    public IValue getValue() throws DebugException {
        return new K42LensValue(this, definition.text(thread.registers()));
    }

    @Override
    public String getReferenceTypeName() {
        return "uint" + definition.bits();
    }

    @Override
    public boolean hasValueChanged() {
        return thread.changedSinceLastStop(definition);
    }

    @Override
    public IRegisterGroup getRegisterGroup() {
        return group;
    }

    @Override
    public void setValue(String expression) throws DebugException {
        BigInteger value;
        try {
            value = Ppc64Registers.parse(expression, definition.bits());
        } catch (IllegalArgumentException e) {
            throw failure(e);
        }
        thread.changeRegister(definition, value);
        fireChangeEvent(DebugEvent.CONTENT);
    }

    @Override
    public void setValue(IValue value) throws DebugException {
        setValue(value.getValueString());
    }

    @Override
    public boolean supportsValueModification() {
        return thread.isSuspended();
    }

    @Override
    public boolean verifyValue(String expression) {
        try {
            Ppc64Registers.parse(expression, definition.bits());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean verifyValue(IValue value) throws DebugException {
        return verifyValue(value.getValueString());
    }

    /** Registers have no children; IVariable requires the type. */
    static final IVariable[] NONE = new IVariable[0];
}
