package dev.k42lens.debug.model;

import org.eclipse.debug.core.model.IRegister;
import org.eclipse.debug.core.model.IRegisterGroup;

/** A group of registers of one thread, read from the copy taken when the system suspended. */
public class K42LensRegisterGroup extends K42LensDebugElement implements IRegisterGroup {
    private final String name;
    private final IRegister[] registers;

    K42LensRegisterGroup(K42LensThread thread, Ppc64Registers.Group group) {
        super(thread.getDebugTarget());
        this.name = group.name();
        this.registers = group.registers().stream().map(d -> new K42LensRegister(thread, this, d)).toArray(IRegister[]::new);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public IRegister[] getRegisters() {
        return registers.clone();
    }

    @Override
    public boolean hasRegisters() {
        return true;
    }
}
