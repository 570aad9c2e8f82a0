package dev.ferrite.test.child;

import dev.ferrite.runtime.Heap;
import dev.ferrite.test.structs.Account;
import java.nio.file.Path;

/**
 * The bank of the kill test, run in a child JVM until it is killed: {@code BankChild <heap>
 * correct|buggy}. It moves 1 from alice to bob, over and over; the buggy bank also commits
 * between the debit and the credit, and dawdles there.
 */
public final class BankChild {
    private BankChild() {}

    public static void main(String[] args) throws InterruptedException {
        boolean buggy = args[1].equals("buggy");
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            Account alice = heap.root("alice", Account.class);
            Account bob = heap.root("bob", Account.class);
            if (alice.balance() + bob.balance() == 0) {
                alice.balance(100);
                bob.balance(100);
                heap.commit();
            }
            System.out.println("open");
            System.out.flush();
            while (true) {
                alice.balance(alice.balance() - 1);
                if (buggy) {
                    heap.commit();
                    Thread.sleep(20);
                }
                bob.balance(bob.balance() + 1);
                heap.commit();
            }
        }
    }
}
