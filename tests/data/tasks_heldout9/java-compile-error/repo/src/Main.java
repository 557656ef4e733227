public class Main {
    public static void main(String[] args) {
        Inventory inv = new Inventory();
        inv.add("BOLT-M6", 40);
        inv.add("NUT-M6", 25);
        String total = inv.count("BOLT-M6") + inv.count("NUT-M6");
        System.out.println("total parts: " + total);
        System.out.println(inv.describe("BOLT-M6"));
        inv.remove("NUT-M6", 5);
    }
}
