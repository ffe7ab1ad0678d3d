import { Table } from "@mantine/core";

export type ColumnHead = string | { label: string; align: "right" };

/** A Mantine table's header row: one column heading per entry, figures' headings aligned right. */
export function ColumnHeads({ columns }: { columns: readonly ColumnHead[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((c) =>
          typeof c === "string" ? (
            <Table.Th key={c} scope="col">
              {c}
            </Table.Th>
          ) : (
            <Table.Th key={c.label} scope="col" ta={c.align}>
              {c.label}
            </Table.Th>
          ),
        )}
      </Table.Tr>
    </Table.Thead>
  );
}
