import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { PageLoader } from './PageLoader';

/**
 * A list page's table: the request's error, a loader until the first page arrives, then
 * the rows under a caption and column headings, and what goes beneath them (paging, counts).
 */
export function ListTable({
  error,
  pending,
  caption,
  headings,
  children,
  footer,
}: {
  error: unknown;
  pending: boolean;
  caption: string;
  headings: string[];
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <>
      {error ? <ErrorNotice error={error} /> : null}
      {pending ? (
        <PageLoader />
      ) : (
        <div className="table-scroll">
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Caption>{caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {headings.map((heading) => (
                  <Table.Th scope="col" key={heading}>
                    {heading}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{children}</Table.Tbody>
          </Table>
          {footer}
        </div>
      )}
    </>
  );
}
