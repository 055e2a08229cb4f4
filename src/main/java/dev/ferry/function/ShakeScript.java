package dev.ferry.function;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * A {@code [filter] function} script compiled into the Lua environment it runs in: Lua 5.2's standard libraries
 * (base, package, string, table, math, bit32, os) as RedisShake's gopher-lua offers them, without {@code io} and
 * without LuaJ's {@code luajava}, which would let a migration's config reach into the JVM.
 */
public final class ShakeScript {
    /** Lua's messages name the chunk, {@code function:3: ...} for line 3 of the script ('@' marks a name to show as is). */
    static final String CHUNK = "@function";

    private ShakeScript() {}

    /** A fresh environment with the script compiled in it; each runtime gets its own (Lua states are not thread-safe). */
    static Compiled compile(String source) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new Bit32Lib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        globals.load(new JseOsLib());
        LoadState.install(globals);
        LuaC.install(globals);
        return new Compiled(globals, globals.load(source, CHUNK));
    }

    /**
     * Null when the script compiles, else Lua's message with the line, e.g. {@code function:3: '=' expected near 'x'},
     * for a configuration error.
     */
    public static String problem(String source) {
        try {
            compile(source);
            return null;
        } catch (LuaError e) {
            return message(e);
        }
    }

    /** Lua's message; LuaJ keeps the chunk's '@' in runtime errors, which users should not have to read past. */
    static String message(LuaError e) {
        return e.getMessage().replace(CHUNK + ":", CHUNK.substring(1) + ":");
    }

    record Compiled(Globals globals, LuaValue chunk) {}
}
